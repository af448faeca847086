# Trigger Point Atlas as a container, for a clinic or school network (see docs/deploy.md).
#   docker build -t trigger-point-atlas .
#   docker run -p 5006:5006 trigger-point-atlas --allow-websocket-origin atlas.example.org:5006
# Everything the page needs is inside the image; no internet is needed at run time.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1

# OpenGL libraries VTK loads to draw the handout's pictures off screen (no display needed).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libgl1 libegl1 libgl1-mesa-dri libxrender1 libx11-6 \
    && rm -rf /var/lib/apt/lists/*

# Installed from pyproject.toml like any user would; the data files ship inside the package.
COPY pyproject.toml README.md LICENSE /src/
COPY atlas /src/atlas
COPY meshes /src/meshes
COPY points /src/points
RUN pip install /src && rm -rf /src

# Not root: a user of its own, with a home for the compressed-script cache.
RUN useradd --create-home --uid 10001 atlas
USER atlas
WORKDIR /home/atlas

EXPOSE 5006
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
    CMD ["python", "-c", "import urllib.request as u; u.urlopen('http://127.0.0.1:5006/healthz', timeout=4).read() == b'ok' or exit(1)"]
ENTRYPOINT ["atlas", "serve", "--address", "0.0.0.0", "--port", "5006"]
CMD []
