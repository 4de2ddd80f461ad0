"""A small Flask app: counts visits in MySQL and says whether MinIO answers."""
import os
import urllib.request

import click
import pymysql
from flask import Flask


def connect():
    return pymysql.connect(
        host=os.environ["MYSQL_HOST"],
        user=os.environ["MYSQL_USER"],
        password=os.environ["MYSQL_PASSWORD"],
        database=os.environ["MYSQL_DATABASE"],
        autocommit=True,
    )


def create_app():
    app = Flask(__name__)

    @app.get("/healthz")
    def healthz():
        return {"ok": True}

    @app.get("/")
    def index():
        with connect() as db, db.cursor() as cur:
            cur.execute("INSERT INTO visits () VALUES ()")
            cur.execute("SELECT COUNT(*) FROM visits")
            (visits,) = cur.fetchone()
        try:
            urllib.request.urlopen(os.environ["S3_ENDPOINT"] + "/minio/health/live", timeout=2)
            storage = "up"
        except OSError:
            storage = "down"
        return {"visits": visits, "storage": storage}

    @app.cli.command("init-db")
    def init_db():
        """Create the tables (run after `stager up` by the post-up hook)."""
        with connect() as db, db.cursor() as cur:
            cur.execute(
                "CREATE TABLE IF NOT EXISTS visits (id INT AUTO_INCREMENT PRIMARY KEY,"
                " at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)"
            )
        click.echo("tables ready")

    return app
