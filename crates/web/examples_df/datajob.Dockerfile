# A nightly numpy/pandas batch job.
FROM python:3.12

WORKDIR /job
RUN pip install numpy pandas pyarrow scikit-learn
RUN wget https://example.com/reference-data.csv -O /job/reference.csv

COPY etl/ ./etl/
COPY run.py .

ARG RUN_DATE
ENV RUN_DATE=${RUN_DATE}
ENTRYPOINT ["python", "run.py"]
