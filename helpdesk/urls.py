from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from helpdesk.api import AuditLogView, UsersView, UserView, not_found
from hooks import api as hooks_api
from inbox import api as inbox_api
from inbox.api import MentionsView
from integrations.meta.webhook import meta_webhook
from integrations.x.webhook import x_webhook
from playbook import api as playbook_api
from playbook.api import RuleView, RulesView
from slas import api as slas_api

api_v1 = [
    path("mentions/", MentionsView.as_view(), name="mentions"),
    path("audit/", AuditLogView.as_view(), name="audit"),
    path("conversations/", inbox_api.ConversationsView.as_view(), name="conversations"),
    path("conversations/<int:pk>/", inbox_api.ConversationView.as_view(), name="conversation"),
    path("conversations/<int:pk>/messages/", inbox_api.MessagesView.as_view(), name="messages"),
    path("conversations/<int:pk>/replies/", inbox_api.RepliesView.as_view(), name="replies"),
    path("conversations/<int:pk>/notes/", inbox_api.NotesView.as_view(), name="notes"),
    path("conversations/<int:pk>/assign/", inbox_api.AssignView.as_view(), name="assign"),
    path("conversations/<int:pk>/status/", inbox_api.StatusView.as_view(), name="status"),
    path("conversations/<int:pk>/priority/", inbox_api.PriorityView.as_view(), name="priority"),
    path("customers/", inbox_api.CustomersView.as_view(), name="customers"),
    path("customers/<int:pk>/", inbox_api.CustomerView.as_view(), name="customer"),
    path("rules/", RulesView.as_view(), name="rules"),
    path("rules/<int:pk>/", RuleView.as_view(), name="rule"),
    path("templates/", playbook_api.TemplatesView.as_view(), name="templates"),
    path("templates/<int:pk>/", playbook_api.TemplateView.as_view(), name="template"),
    path("departments/", playbook_api.DepartmentsView.as_view(), name="departments"),
    path("departments/<int:pk>/", playbook_api.DepartmentView.as_view(), name="department"),
    path("sla/policies/", slas_api.SlaPoliciesView.as_view(), name="sla_policies"),
    path("sla/policies/<int:pk>/", slas_api.SlaPolicyView.as_view(), name="sla_policy"),
    path("sla/calendars/", slas_api.CalendarsView.as_view(), name="calendars"),
    path("sla/calendars/<int:pk>/", slas_api.CalendarView.as_view(), name="calendar"),
    path("sla/kpis/", slas_api.KpisView.as_view(), name="kpis"),
    path("hooks/endpoints/", hooks_api.EndpointsView.as_view(), name="hook_endpoints"),
    path("hooks/endpoints/<int:pk>/", hooks_api.EndpointView.as_view(), name="hook_endpoint"),
    path("hooks/deliveries/", hooks_api.DeliveriesView.as_view(), name="hook_deliveries"),
    path("users/", UsersView.as_view(), name="users"),
    path("users/<int:pk>/", UserView.as_view(), name="user"),
]

webhooks = [
    path("x/", x_webhook, name="x"),
    path("meta/", meta_webhook, name="meta"),
]

urlpatterns = [
    path("webhooks/", include((webhooks, "webhooks"))),
    path("", RedirectView.as_view(pattern_name="inbox:list", permanent=False)),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("inbox/", include("inbox.urls")),
    path("playbook/", include("playbook.urls")),
    path("sla/", include("slas.urls")),
    path("", include("slas.public_urls")),
    path("api/v1/", include((api_v1, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]

handler404 = not_found
