from django.urls import path

from . import views

app_name = "playbook"
urlpatterns = [
    path("rules/", views.rule_list, name="rules"),
    path("rules/new/", views.rule_edit, name="new"),
    path("rules/<int:pk>/", views.rule_edit, name="edit"),
    path("rules/<int:pk>/move/<str:direction>/", views.rule_move, name="move"),
    path("rules/<int:pk>/toggle/", views.rule_toggle, name="toggle"),
    path("rules/<int:pk>/revisions/", views.rule_revisions, name="revisions"),
    path("rules/<int:pk>/revisions/<int:number>/rollback/", views.rule_rollback, name="rollback"),
    path("escalations/", views.escalations, name="escalations"),
    path("escalations/<int:pk>/status/", views.escalation_status, name="escalation_status"),
    path("templates/", views.templates, name="templates"),
    path("retriage/", views.retriage_start, name="retriage"),
    path("retriage/<int:pk>/", views.retriage_progress, name="retriage_progress"),
]
