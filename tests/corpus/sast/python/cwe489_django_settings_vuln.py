from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEBUG = True
ALLOWED_HOSTS = ["shop.example.org"]
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "shop"]
