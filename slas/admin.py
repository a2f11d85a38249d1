from django.contrib import admin

from .models import BusinessCalendar, CrisisEpisode, Holiday, SlaClock, SlaPolicy, SupervisorAlert, Survey


class HolidayInline(admin.TabularInline):
    model = Holiday
    extra = 1


@admin.register(BusinessCalendar)
class BusinessCalendarAdmin(admin.ModelAdmin):
    list_display = ("name", "time_zone", "country", "subdivision", "always_open", "is_default")
    filter_horizontal = ("accounts",)
    inlines = [HolidayInline]


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
    list_display = ("key", "name", "network", "interaction_type", "business_hours_only", "warning_threshold",
                    "is_default", "is_active")


@admin.register(SlaClock)
class SlaClockAdmin(admin.ModelAdmin):
    list_display = ("conversation", "metric", "state", "priority", "due_at", "warned_at", "breached_at", "stopped_at")
    list_filter = ("state", "metric")
    raw_id_fields = ("conversation",)


@admin.register(SupervisorAlert)
class SupervisorAlertAdmin(admin.ModelAdmin):
    list_display = ("kind", "title", "created_at", "emailed_at")
    raw_id_fields = ("conversation", "clock")


admin.site.register(CrisisEpisode)
admin.site.register(Survey)
