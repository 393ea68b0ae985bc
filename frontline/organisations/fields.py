"""A form field choosing one organisation, labelled in the reader's language."""

from django import forms

from frontline.core.formatting import localized


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return localized(obj)
