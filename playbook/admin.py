from django.contrib import admin

from .models import Department, Escalation, Rule, RuleRevision, Template


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin):
    list_display = ("order", "name", "enabled", "stop_processing", "updated_at")
    list_display_links = ("name",)


admin.site.register(RuleRevision)
admin.site.register(Department)
admin.site.register(Escalation)


@admin.register(Template)
class TemplateAdmin(admin.ModelAdmin):
    list_display = ("key", "language", "title", "usage_count", "is_active")
