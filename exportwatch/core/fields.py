"""A list of names stored as JSON and edited as one name per line."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models


class NameListFormField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        names = (line.strip() for line in (value or "").splitlines())
        return list(dict.fromkeys(name for name in names if name))


class NameListField(models.JSONField):
    """Aliases and other name lists: a JSON list in the database, one name per line in forms."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return NameListFormField(
            required=not self.blank,
            label=self.verbose_name.capitalize(),
            help_text=self.help_text or "One name per line.",
        )

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
            raise ValidationError("Expected a list of names.")
