"""Pages for customers, no login: a brand's service hours and the satisfaction survey."""

from django.urls import path

from . import views

urlpatterns = [
    path("hours/<str:handle>/", views.service_hours, name="service_hours"),
    path("survey/<str:token>/", views.survey, name="survey"),
]
