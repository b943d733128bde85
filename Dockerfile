# The site as an image: the package, its index and database prepared at build time,
# served read-only by two worker processes.
FROM python:3.11.7-slim-bookworm

WORKDIR /srv/opendata
COPY pyproject.toml README.md datapackage.json ./
COPY opendata ./opendata
COPY data ./data
RUN pip install --no-cache-dir . \
 && opendata index && opendata build

EXPOSE 8001
CMD ["opendata", "serve", "--host", "0.0.0.0", "--port", "8001", "--workers", "2"]
