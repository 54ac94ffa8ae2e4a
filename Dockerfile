FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY exportwatch ./exportwatch
RUN pip install --no-cache-dir .
COPY . .
RUN SECRET_KEY=build-only python manage.py collectstatic --noinput
RUN useradd --system --home /app exportwatch && chown -R exportwatch /app/var 2>/dev/null || true
USER exportwatch
EXPOSE 8000
CMD ["gunicorn", "exportwatch.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
