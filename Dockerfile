FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml ./
COPY . .
RUN pip install --no-cache-dir . \
 && DEBUG=false SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
 && useradd --system --home /app escucha && mkdir -p var && chown escucha var
USER escucha
EXPOSE 8000
CMD ["gunicorn", "helpdesk.wsgi", "--bind", "0.0.0.0:8000", "--workers", "2"]
