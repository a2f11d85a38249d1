from django.urls import path

from . import views

app_name = "inbox"
urlpatterns = [
    path("", views.inbox, name="list"),
    path("me/availability/", views.availability, name="availability"),
    path("<int:pk>/", views.conversation, name="conversation"),
    path("<int:pk>/thread/", views.thread, name="thread"),
    path("<int:pk>/presence/", views.presence, name="presence"),
    path("<int:pk>/reply/", views.reply, name="reply"),
    path("<int:pk>/note/", views.note, name="note"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/status/", views.status, name="status"),
    path("<int:pk>/priority/", views.priority, name="priority"),
    path("<int:pk>/escalate/", views.escalate, name="escalate"),
    path("<int:pk>/messages/<int:message_pk>/retry/", views.retry, name="retry"),
]
