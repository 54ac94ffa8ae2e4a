FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY exportwatch ./exportwatch
RUN pip install --no-cache-dir .
COPY . .
RUN mkdir -p var && SECRET_KEY=build-only MANIFEST_STATIC=1 python manage.py collectstatic --noinput
RUN useradd --system --home /app exportwatch && chown -R exportwatch /app/var
USER exportwatch
EXPOSE 8000
CMD ["gunicorn", "exportwatch.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
