"""The festival dates in /admin/: the administrator enters each year's 古尔邦节 and 开斋节 (and
春节, should the office keep a date other than the lunar calendar's)."""

from django.contrib import admin

from casework.inspections.models import FestivalDate


@admin.register(FestivalDate)
class FestivalDateAdmin(admin.ModelAdmin):
    list_display = ["festival", "year", "day"]
    list_filter = ["festival", "year"]
    ordering = ["-year", "day"]
