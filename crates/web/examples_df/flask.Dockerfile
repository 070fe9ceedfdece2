# A Flask app as many tutorials write it.
FROM python:3.11

WORKDIR /app

# Everything is copied before the dependencies are installed,
# so any code change reinstalls every package.
COPY . .

RUN apt-get update
RUN apt-get install -y build-essential libpq-dev

RUN pip install -r requirements.txt

ENV FLASK_APP=app.py
EXPOSE 5000

CMD flask run --host=0.0.0.0
