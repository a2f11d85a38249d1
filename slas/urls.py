from django.urls import path

from . import views

app_name = "slas"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("live/", views.live, name="live"),
    path("export.csv", views.export_csv, name="export"),
]
