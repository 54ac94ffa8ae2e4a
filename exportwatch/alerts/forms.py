"""The follow form (what the Follow buttons post) and the frequency form of the watchlist page."""

from django import forms

from exportwatch.catalog.models import ChipSku, Company, Country
from exportwatch.licences.models import LicenceApplication

from . import lists
from .models import TARGET_FIELDS, AlertSettings, kind_for


class CountryCodeField(forms.ModelChoiceField):
    """A country by its code in either case, as the site's URLs accept it."""

    def to_python(self, value):
        return super().to_python(value.upper() if isinstance(value, str) else value)


class FollowForm(forms.Form):
    """One target, named as the page names it: a chip slug, a country code, both, a company slug, a track id, or
    a list URL. Which of them are given decides the kind of follow."""

    chip = forms.ModelChoiceField(
        queryset=ChipSku.objects.all(),
        to_field_name="slug",
        required=False,
    )
    country = CountryCodeField(
        queryset=Country.objects.all(),
        to_field_name="code",
        required=False,
    )
    company = forms.ModelChoiceField(
        queryset=Company.objects.all(),
        to_field_name="slug",
        required=False,
    )
    application = forms.ModelChoiceField(
        queryset=LicenceApplication.objects.all(),
        required=False,
    )
    list_url = forms.CharField(
        max_length=2000,
        required=False,
    )

    def clean_list_url(self):
        url = self.cleaned_data["list_url"]
        return lists.validated(url) if url else ""

    def clean(self):
        data = super().clean()
        given = [name for name in self.fields if data.get(name)]
        self.kind = kind_for(given)
        if self.kind is None and not self.errors:
            raise forms.ValidationError("Follow one thing: a chip, a country, a chip to a country, a company, a "
                                        "licence track or a list.")
        return data

    @property
    def target(self) -> dict:
        return {name: self.cleaned_data[name] for name in TARGET_FIELDS[self.kind]}


class FrequencyForm(forms.ModelForm):
    class Meta:
        model = AlertSettings
        fields = ["frequency"]
        widgets = {"frequency": forms.RadioSelect}
        labels = {"frequency": "Email me the steps I follow"}
