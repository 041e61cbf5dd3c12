"""Reads kring's Parquet research dataset with Apache Spark (pyspark, local mode): the rows per
organisation and year of each table, and a join of two tables. Not part of CI: it needs a Java
runtime and pyspark, kept out of the project's environment.

Make a dataset of three organisations exported with one key (the project's venv, with the
binding built; the generator requests a case every 53 minutes from 2016-01-04, so 11,000 cases
span two years):

    .venv/bin/python benches/research/spark_read.py --make /tmp/kring-dataset

or with the command, one store per organisation:

    kring export north.kring --parquet /tmp/kring-dataset --key-file project.key --organisation north

Then read it with Spark, from a venv of its own (Java 17 or 21 from Debian):

    sudo apt-get install -y openjdk-17-jre-headless
    python3 -m venv /tmp/spark-venv && /tmp/spark-venv/bin/pip install pyspark
    /tmp/spark-venv/bin/python benches/research/spark_read.py /tmp/kring-dataset
"""

import os
import sys
import time

# The organisations of `--make`: a seed and a number of cases each.
ORGANISATIONS = {"north": (41, 11_000), "south": (42, 2_000), "east": (43, 500)}
KEY = b"a project key of 32 random bytes"


def make(root: str) -> None:
    """Writes the dataset of `ORGANISATIONS` into `root` with the kring binding."""
    import kring

    for org, (seed, count) in ORGANISATIONS.items():
        store = kring.Store.in_memory()
        store.generate(seed=seed, count=count)
        summary = store.export_parquet(root, key=KEY, organisation=org)
        rows = sum(summary["rows"].values())
        print(f"{org}: {summary['cases']} cases, {rows} rows, {len(summary['files'])} files")


def read(root: str) -> None:
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    spark = (
        SparkSession.builder.master("local[2]")
        .appName("kring-research")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    started = time.time()
    # Each table is a directory: Spark finds the organisation=…/year=… partitions itself.
    cases = spark.read.parquet(os.path.join(root, "cases"))
    phases = spark.read.parquet(os.path.join(root, "phases")).select(
        "case", "organisation", "year", F.col("phase").alias("reached"), "days_since_request"
    )
    print("cases schema:")
    cases.printSchema()
    print("cases per organisation and year:")
    cases.groupBy("organisation", "year").count().orderBy("organisation", "year").show()
    print("phases entered per organisation (cases joined with phases on the case pseudonym), mean days since the request:")
    (
        cases.join(phases, on=["case", "organisation", "year"])
        .groupBy("organisation", "reached")
        .agg(F.count("*").alias("entries"), F.round(F.avg("days_since_request"), 1).alias("mean_days"))
        .orderBy("organisation", "reached")
        .show(40)
    )
    print(f"read in {time.time() - started:.1f} s with Spark {spark.version}")
    spark.stop()


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--make":
        make(sys.argv[2])
    elif len(sys.argv) == 2:
        read(sys.argv[1])
    else:
        sys.exit(__doc__)
