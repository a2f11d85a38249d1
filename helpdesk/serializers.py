"""Serializer helpers shared by the apps' APIs."""

import copy

from django.core.exceptions import FieldDoesNotExist, ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.exceptions import ValidationError


def as_api_errors(error: DjangoValidationError) -> ValidationError:
    """A model's ValidationError as DRF's: field → messages (``non_field_errors`` for the rest)."""
    if hasattr(error, "error_dict"):
        return ValidationError({("non_field_errors" if field == "__all__" else field): messages
                                for field, messages in error.message_dict.items()})
    return ValidationError({"non_field_errors": error.messages})


class ModelCleanSerializer(serializers.ModelSerializer):
    """Runs the model's own ``full_clean`` (what the admin's forms run): the API and the browser share one rule set."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        candidate = copy.copy(self.instance) if self.instance is not None else model()
        nulls = {}
        for name, value in attrs.items():
            if _is_plain_field(model, name):
                if value is None and not model._meta.get_field(name).null:
                    # DRF lets a form field's JSON "null" through; the database would refuse it with a 500.
                    nulls[name] = [serializers.Field.default_error_messages["null"]]
                setattr(candidate, name, value)
        if nulls:
            raise ValidationError(nulls)
        try:
            candidate.full_clean()
        except DjangoValidationError as error:
            raise as_api_errors(error) from None
        return attrs


def _is_plain_field(model, name: str) -> bool:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return field.concrete and not field.many_to_many  # not reverse relations (holidays) nor m2m (accounts)
