# A small image with no warning: the wheel and the pre-commit hook must pass it.
FROM python:3.12-slim
RUN useradd --create-home app
USER app
WORKDIR /home/app
CMD ["python", "-c", "print('hello')"]
