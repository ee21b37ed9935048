# Coverage Navigator: one app process; SQLite by default, PostgreSQL through DATABASE_URL.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    COVNAV_ENV=production \
    COVNAV_DATA_DIR=/data

# WeasyPrint needs Pango and a font for the printable documents.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /srv/app
COPY pyproject.toml README.md ./
COPY app ./app
COPY data ./data
COPY migrations ./migrations
COPY alembic.ini ./
RUN pip install .

RUN useradd --system --uid 10001 --home-dir /srv/app covnav \
 && mkdir -p /data && chown covnav /data
USER covnav
VOLUME ["/data"]
EXPOSE 8000

# COVNAV_SECRET_KEY must be set; the app refuses to start in production without a real one.
CMD ["sh", "-c", "covnav migrate && covnav serve --host 0.0.0.0 --port 8000"]
