"""Nightly evaluation of scratchnet, as an Airflow DAG (apache-airflow-providers-apache-spark).

Two spark-submit runs of the application jar: `evaluate` records the run in the report on HDFS
(runs/<run-id>.json, its pictures, index.html) and fails below --min-accuracy; then `history` fails
when the accuracy dropped against the previous run by more than --max-drop. SparkSubmitOperator
fails a task whenever spark-submit's exit code is not 0, so scratchnet's exit codes 2 (bad usage or
bad input) and 3 (a gate failed) fail the DAG run, as does 1. This needs client deploy mode (the
default): in standalone cluster mode spark-submit returns before the driver ends, and its exit code
is lost.

Set up: the jar (jobs/target/scratchnet-jobs-0.1.0.jar) readable by the Airflow worker, a Spark
distribution's spark-submit on its PATH, and a Spark connection `spark_scratchnet` whose host is the
master (spark://spark-master, port 7077). The run id is the DAG run's date, so a rerun of a date
replaces that date's run in the report.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

JAR = "/opt/scratchnet/jobs/target/scratchnet-jobs-0.1.0.jar"
HDFS = "hdfs://namenode:8020"
REPORT = f"{HDFS}/reports/scratchnet"
SPARK_CONF = {
    "spark.eventLog.enabled": "true",
    "spark.eventLog.dir": f"{HDFS}/spark-events",
    "spark.serializer": "org.apache.spark.serializer.KryoSerializer",
    "spark.kryo.registrator": "scratchnet.jobs.spark.KryoRegistrator",
}


def scratchnet_task(command, *args, **operator_args):
    """A task that runs one scratchnet command (also its task id) by spark-submit of the jar."""
    return SparkSubmitOperator(
        task_id=command,
        conn_id="spark_scratchnet",
        application=JAR,
        java_class="scratchnet.jobs.cli.Main",
        name=f"scratchnet {command}",
        conf=SPARK_CONF,
        application_args=[command, *args],
        **operator_args,
    )


with DAG(
    dag_id="scratchnet_nightly_evaluation",
    schedule="30 2 * * *",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    default_args={"retries": 0, "execution_timeout": timedelta(hours=2)},
    tags=["scratchnet"],
) as dag:
    evaluate = scratchnet_task(
        "evaluate",
        "--data", f"{HDFS}/datasets/mnist",
        "--weights", f"{HDFS}/models/current.npz",
        "--report", REPORT,
        "--run-id", "nightly-{{ ds_nodash }}",
        "--min-accuracy", "0.93",
        executor_memory="1g",
    )
    history = scratchnet_task("history", "--report", REPORT, "--max-drop", "0.005")

    evaluate >> history
