"""API representations of an activity's related rows (housing areas, target groups, exceptions)."""

from rest_framework import serializers


class AreaSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()


class TargetGroupSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


class OccurrenceExceptionSerializer(serializers.Serializer):
    occurrence_date = serializers.DateField()
    action = serializers.CharField()
    new_starts_at = serializers.DateTimeField()
    new_ends_at = serializers.DateTimeField()
    note = serializers.CharField()
