"""Gate, then score: an Airflow DAG that scores the day's table only when the model passes its gate.

`evaluate` measures the current model on the MNIST test set on S3, records the run in the report,
pushes its figures to the Pushgateway (a failed push is only a warning in the task's log) and exits
with code 3 when the accuracy is below --min-accuracy. BashOperator fails a task on any exit code
but 0 (and skip_on_exit_code, set to None here so that no code skips): exit code 3 fails `evaluate`,
so `predict` does not run and the day's predictions are not written with a model that failed its
gate; exit code 2 (bad input) fails it the same way, with one line in the log naming what and where.
No retries: a gate that failed fails again, and bad input stays bad.

Set up: the project checked out at /opt/scratchnet on the Airflow worker (submit.sh runs Spark from
its own jars, hadoop-aws included), credentials for the bucket in the worker's AWS chain, and a
Pushgateway at PUSHGATEWAY.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.bash import BashOperator

SUBMIT = "/opt/scratchnet/submit.sh"
BUCKET = "s3a://my-bucket"
MODEL = f"{BUCKET}/models/current.npz"
PUSHGATEWAY = "http://pushgateway:9091"

with DAG(
    dag_id="scratchnet_gate_then_score",
    schedule="0 3 * * *",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    default_args={"retries": 0, "execution_timeout": timedelta(hours=1)},
    tags=["scratchnet"],
) as dag:
    evaluate = BashOperator(
        task_id="evaluate",
        bash_command=(
            f"{SUBMIT} evaluate --data {BUCKET}/datasets/mnist --weights {MODEL}"
            f" --report {BUCKET}/reports/scratchnet --run-id gate-{{{{ ds_nodash }}}}"
            f" --min-accuracy 0.93 --push-metrics {PUSHGATEWAY}"
        ),
        skip_on_exit_code=None,  # every code but 0 fails the task, the gate's 3 among them
    )
    predict = BashOperator(
        task_id="predict",
        bash_command=(
            f"{SUBMIT} predict --data {BUCKET}/incoming/{{{{ ds_nodash }}}}/images.parquet --weights {MODEL}"
            f" --out {BUCKET}/predictions/{{{{ ds_nodash }}}} --overwrite"
        ),
        skip_on_exit_code=None,
    )

    evaluate >> predict
