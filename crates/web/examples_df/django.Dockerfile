# Django with PostgreSQL: psycopg needs libpq at build time and at run time.
FROM python:3.11

RUN apt-get update && apt-get install -y \
    build-essential \
    libpq-dev \
    gettext

WORKDIR /code
COPY requirements.txt /code/
RUN pip install --upgrade pip && pip install -r requirements.txt

COPY . /code/
RUN python manage.py collectstatic --noinput

ENV DJANGO_SETTINGS_MODULE=mysite.settings
EXPOSE 8000
CMD gunicorn mysite.wsgi:application --bind 0.0.0.0:8000
