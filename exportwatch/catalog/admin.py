"""Admin for the reference catalogue: countries and their groups, companies, chips, authorities, regulations."""

from django.contrib import admin, messages

from exportwatch.core.admin import URL_FIELDS_ASSUME_HTTPS, ExportwatchModelAdmin, plural

from .models import (
    FIGURE_FIELDS,
    Authority,
    ChipSku,
    Company,
    Country,
    CountryGroup,
    CountryGroupMembership,
    Regulation,
)


class CountryGroupMembershipInline(admin.TabularInline):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    model = CountryGroupMembership
    extra = 0
    fields = ("group", "valid_from", "valid_to", "source_url")
    autocomplete_fields = ("group",)


@admin.register(Country)
class CountryAdmin(ExportwatchModelAdmin):
    list_display = ("code", "name", "name_zh", "group_codes")
    search_fields = ("code", "name", "official_name", "name_zh", "aliases")
    inlines = (CountryGroupMembershipInline,)

    def get_queryset(self, request):
        # One query for every row's memberships instead of one per row.
        return super().get_queryset(request).prefetch_related("group_memberships__group")

    @admin.display(description="country groups")
    def group_codes(self, country):
        return ", ".join(sorted({membership.group.code for membership in country.group_memberships.all()}))


@admin.register(CountryGroup)
class CountryGroupAdmin(ExportwatchModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name", "description")


@admin.register(Company)
class CompanyAdmin(ExportwatchModelAdmin):
    list_display = ("name", "slug", "headquarters", "is_proposed", "is_buyer", "website")
    list_select_related = ("headquarters",)
    list_filter = ("is_proposed", "is_buyer", ("headquarters", admin.RelatedOnlyFieldListFilter))
    actions = ("confirm_proposed",)
    search_fields = ("name", "slug", "aliases")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("headquarters", "products")

    @admin.action(description="Confirm proposed companies", permissions=["change"])
    def confirm_proposed(self, request, queryset):
        confirmed = 0
        for company in queryset.filter(is_proposed=True):
            company.is_proposed = False
            company.save(update_fields=["is_proposed", "updated_at"])  # through save(), so history records it
            confirmed += 1
        messages.success(request, f"Confirmed {plural(confirmed, 'company', 'companies')}.")


@admin.register(ChipSku)
class ChipSkuAdmin(ExportwatchModelAdmin):
    list_display = ("name", "vendor", "kind", "family", "is_datacenter", "tpp", "performance_density", "eccn_3a090")
    list_select_related = ("vendor", "family", "family__vendor")
    list_filter = ("kind", "is_datacenter", ("vendor", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "slug", "aliases", "vendor__name")
    autocomplete_fields = ("vendor", "family")
    readonly_fields = ("tpp", "performance_density", "eccn_3a090")
    fieldsets = (
        (None, {"fields": ("kind", "vendor", "name", "slug", "family", "aliases", "description", "is_datacenter")}),
        (
            "Performance (dense, per chip)",
            {
                "fields": (*FIGURE_FIELDS, "figures_source")
            },
        ),
        ("Computed from the figures above", {"fields": ("tpp", "performance_density", "eccn_3a090")}),
    )

    @admin.display(description="TPP")
    def tpp(self, chip):
        return chip.tpp

    @admin.display(description="performance density")
    def performance_density(self, chip):
        return chip.performance_density

    @admin.display(description="3A090 reading")
    def eccn_3a090(self, chip):
        return chip.eccn_3a090_class


@admin.register(Authority)
class AuthorityAdmin(ExportwatchModelAdmin):
    list_display = ("short_name", "name", "country", "website")
    list_select_related = ("country",)
    search_fields = ("short_name", "name", "slug", "aliases")
    prepopulated_fields = {"slug": ("short_name",)}
    autocomplete_fields = ("country",)


@admin.register(Regulation)
class RegulationAdmin(ExportwatchModelAdmin):
    list_display = ("title", "kind", "citation", "authority", "published_on", "effective_on")
    list_select_related = ("authority",)
    list_filter = ("kind", "authority")
    search_fields = ("title", "citation", "summary")
    date_hierarchy = "published_on"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("authority", "chips", "countries", "companies")
