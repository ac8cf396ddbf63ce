# The PairPad server with its built frontend, for docker-compose.yml.
FROM node:20-bookworm-slim AS frontend
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends bubblewrap nodejs \
    && rm -rf /var/lib/apt/lists/* && pip install --no-cache-dir uv
WORKDIR /app
COPY pyproject.toml uv.lock README.md alembic.ini ./
COPY backend/ backend/
RUN uv sync --frozen --no-dev
COPY --from=frontend /src/frontend/dist frontend/dist
ENV PATH="/app/.venv/bin:$PATH"
EXPOSE 8000
CMD ["pairpad", "serve", "--host", "0.0.0.0", "--port", "8000"]
