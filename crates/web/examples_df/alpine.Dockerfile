# The Alpine trap: musl has no manylinux wheels, so pandas and numpy compile from source and need a toolchain.
FROM python:3.12-alpine

RUN apk add --no-cache build-base gfortran openblas-dev

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir pandas numpy

COPY . .
CMD ["python", "main.py"]
