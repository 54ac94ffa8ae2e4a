"""Reference data that editors keep: companies, chips and product categories, countries, authorities, rules.

Nothing here knows about news or licences; the other apps point at these tables.
"""

from decimal import Decimal

from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse

from exportwatch.core.fields import NameListField
from exportwatch.core.history import tracked
from exportwatch.core.models import TimeStampedModel


@tracked()
class Country(TimeStampedModel):
    """A country or territory by its ISO 3166-1 alpha-2 code, with the names news uses for it."""

    code = models.CharField(
        max_length=2,
        unique=True,
        help_text="ISO 3166-1 alpha-2, upper case.",
    )
    name = models.CharField(
        max_length=100,
    )
    official_name = models.CharField(
        max_length=200,
        blank=True,
    )
    name_zh = models.CharField(
        max_length=100,
        blank=True,
        verbose_name="Chinese name",
    )
    aliases = NameListField(
        help_text="Other names news uses (one per line), e.g. PRC, mainland China, 中国.",
    )
    demonyms = NameListField(
        help_text="Adjectives that can name the country as a destination, e.g. Chinese.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[A-Z]{2}$"),
                name="%(app_label)s_%(class)s_code_is_alpha2",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    @property
    def slug(self) -> str:
        return self.code.lower()

    def get_absolute_url(self):
        return reverse("country_detail", args=[self.slug])


class CountryGroup(models.Model):
    """A group of the US Country Chart such as D:1 or A:5, or another historical grouping."""

    code = models.CharField(
        max_length=20,
        unique=True,
    )
    name = models.CharField(
        max_length=200,
    )
    description = models.TextField(
        blank=True,
    )

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return self.code


class MembershipQuerySet(models.QuerySet):
    def valid_on(self, day):
        """The memberships that held on `day`: begun by then and not ended before it."""
        return self.filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day), valid_from__lte=day)


@tracked()
class CountryGroupMembership(models.Model):
    """A country's membership of a group for a period; an open end means it still holds."""

    country = models.ForeignKey(
        Country,
        on_delete=models.CASCADE,
        related_name="group_memberships",
    )
    group = models.ForeignKey(
        CountryGroup,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    valid_from = models.DateField()
    valid_to = models.DateField(
        null=True,
        blank=True,
    )
    source_url = models.URLField(
        max_length=500,
        blank=True,
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["group__code", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "group", "valid_from"],
                name="%(app_label)s_%(class)s_unique_country_group_start",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gt=models.F("valid_from")),
                name="%(app_label)s_%(class)s_ends_after_start",
            ),
        ]

    def __str__(self):
        end = self.valid_to or "…"
        return f"{self.country.code} in {self.group.code} {self.valid_from}–{end}"


@tracked()
class Company(TimeStampedModel):
    """A chipmaker, toolmaker or other exporter, with the names news uses for it."""

    name = models.CharField(
        max_length=100,
        unique=True,
    )
    slug = models.SlugField(
        max_length=100,
        unique=True,
    )
    aliases = NameListField(
        help_text="Other names and tickers (one per line), e.g. NVIDIA Corp, 英伟达, NVDA.",
    )
    headquarters = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="headquartered_companies",
        null=True,
        blank=True,
    )
    website = models.URLField(
        blank=True,
    )
    is_proposed = models.BooleanField(
        "proposed by ingest",
        default=False,
        help_text="Found in a news item and added by the pipeline. Its steps wait in the review queue until an editor "
                  "confirms the company here (fixing its name if need be).",
    )
    is_buyer = models.BooleanField(
        "buyer",
        default=False,
        help_text="Named in export-control news as a customer of controlled goods (G42, Huawei), so the extractor "
                  "never reads it as the exporter.",
    )
    products = models.ManyToManyField(
        "ChipSku",
        blank=True,
        related_name="typical_makers",
        limit_choices_to={"kind": "category"},
        help_text="What the company sells, for news that names it but no product: memory chips for SK Hynix, "
                  "chipmaking equipment for Lam Research.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "companies"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("company_detail", args=[self.slug])


# Bits per operand for each dense-performance field: TPP = max(performance × bits).
PRECISION_BITS = {
    "dense_fp4_tflops": 4,
    "dense_fp8_tflops": 8,
    "dense_int8_tops": 8,
    "dense_fp16_tflops": 16,
    "dense_tf32_tflops": 32,
    "dense_fp32_tflops": 32,
    "dense_fp64_tflops": 64,
}


# Every figure a chip's classification is computed from, in the order editors see them.
FIGURE_FIELDS = (*PRECISION_BITS, "die_area_mm2", "memory_bandwidth_gbs", "interconnect_bandwidth_gbs")


def _performance_field(label: str):
    return models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        verbose_name=label,
        help_text="Dense (no sparsity), per chip.",
    )


@tracked()
class ChipSku(TimeStampedModel):
    """A product a licence can cover: a marketed SKU, a family (Hopper) or a category (HBM, gallium).

    Total processing performance (TPP) and performance density (PD) are computed from the dense
    performance figures and the applicable die area, never typed in.
    """

    class Kind(models.TextChoices):
        SKU = "sku", "SKU"
        FAMILY = "family", "Family"
        CATEGORY = "category", "Category"

    kind = models.CharField(
        max_length=10,
        choices=Kind.choices,
        default=Kind.SKU,
    )
    name = models.CharField(
        max_length=100,
        help_text="Marketed name, e.g. H20, or the category name, e.g. HBM.",
    )
    slug = models.SlugField(
        max_length=120,
        unique=True,
    )
    vendor = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        related_name="chips",
        null=True,
        blank=True,
        help_text="Empty for categories that many companies make.",
    )
    family = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="members",
        null=True,
        blank=True,
        limit_choices_to={"kind": "family"},
    )
    aliases = NameListField(
        help_text="Other names news uses (one per line), e.g. H-20, H20 GPU, H20芯片.",
    )
    description = models.TextField(
        blank=True,
    )
    is_datacenter = models.BooleanField(
        default=True,
        verbose_name="designed for data centres",
    )
    dense_fp4_tflops = _performance_field("FP4 TFLOPS")
    dense_fp8_tflops = _performance_field("FP8 TFLOPS")
    dense_int8_tops = _performance_field("INT8 TOPS")
    dense_fp16_tflops = _performance_field("FP16/BF16 TFLOPS")
    dense_tf32_tflops = _performance_field("TF32 TFLOPS")
    dense_fp32_tflops = _performance_field("FP32 TFLOPS")
    dense_fp64_tflops = _performance_field("FP64 TFLOPS")
    die_area_mm2 = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        verbose_name="applicable die area (mm²)",
    )
    memory_bandwidth_gbs = models.DecimalField(
        max_digits=9,
        decimal_places=1,
        null=True,
        blank=True,
        verbose_name="memory bandwidth (GB/s)",
    )
    interconnect_bandwidth_gbs = models.DecimalField(
        max_digits=9,
        decimal_places=1,
        null=True,
        blank=True,
        verbose_name="interconnect bandwidth (GB/s)",
    )
    figures_source = models.URLField(
        max_length=500,
        blank=True,
    )

    class Meta:
        ordering = ["vendor__name", "name"]
        verbose_name = "chip or product"
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                "vendor",
                name="%(app_label)s_%(class)s_unique_name_per_vendor",
            ),
            # NULL vendors are distinct in SQL, so categories need their own uniqueness.
            models.UniqueConstraint(
                Lower("name"),
                condition=models.Q(vendor__isnull=True),
                name="%(app_label)s_%(class)s_unique_category_name",
            ),
            models.CheckConstraint(
                condition=models.Q(die_area_mm2__isnull=True) | models.Q(die_area_mm2__gt=0),
                name="%(app_label)s_%(class)s_die_area_positive",
            ),
        ]

    def __str__(self):
        return f"{self.vendor.name} {self.name}" if self.vendor_id else self.name

    def get_absolute_url(self):
        return reverse("chip_detail", args=[self.slug])

    @property
    def tpp(self) -> Decimal | None:
        """Total processing performance: the highest dense performance × bit length."""
        products = [
            getattr(self, field) * bits
            for field, bits in PRECISION_BITS.items()
            if getattr(self, field) is not None
        ]
        return max(products) if products else None

    @property
    def performance_density(self) -> Decimal | None:
        """TPP per mm² of applicable die area."""
        tpp = self.tpp
        if tpp is None or not self.die_area_mm2:
            return None
        return (tpp / self.die_area_mm2).quantize(Decimal("0.01"))

    @property
    def eccn_3a090_class(self) -> str:
        """Where the chip falls under the October 2023 thresholds of ECCN 3A090 (a reading, not advice)."""
        tpp, pd = self.tpp, self.performance_density
        if tpp is None:
            return "unknown"
        if not self.is_datacenter and tpp < 4800:
            return "not 3A090 (Note 2: not for data centres)"
        if tpp >= 4800 or (pd is not None and tpp >= 1600 and pd >= Decimal("5.92")):
            return "3A090.a"
        if pd is not None and (
            (2400 <= tpp < 4800 and Decimal("1.6") <= pd < Decimal("5.92"))
            or (tpp >= 1600 and Decimal("3.2") <= pd < Decimal("5.92"))
        ):
            return "3A090.b"
        return "below 3A090"


@tracked()
class Authority(TimeStampedModel):
    """A body that grants or refuses export licences, e.g. US BIS or China's MOFCOM."""

    name = models.CharField(
        max_length=200,
        unique=True,
    )
    short_name = models.CharField(
        max_length=40,
        unique=True,
    )
    slug = models.SlugField(
        max_length=60,
        unique=True,
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="authorities",
    )
    aliases = NameListField(
        help_text="Names news uses (one per line), e.g. Commerce Department, 商务部.",
    )
    website = models.URLField(
        blank=True,
    )

    class Meta:
        ordering = ["short_name"]
        verbose_name_plural = "authorities"

    def __str__(self):
        return self.short_name


@tracked()
class Regulation(TimeStampedModel):
    """A rule, a company-specific "is informed" letter or official guidance that changes who needs a licence."""

    class Kind(models.TextChoices):
        RULE = "rule", "Rule"
        LETTER = "letter", "Is-informed letter"
        GUIDANCE = "guidance", "Guidance"
        DECISION = "decision", "Policy decision"

    kind = models.CharField(
        max_length=10,
        choices=Kind.choices,
        default=Kind.RULE,
    )
    title = models.CharField(
        max_length=300,
    )
    slug = models.SlugField(
        max_length=120,
        unique=True,
    )
    citation = models.CharField(
        max_length=100,
        blank=True,
        help_text="e.g. 88 FR 73458.",
    )
    document_number = models.CharField(
        max_length=40,
        blank=True,
        help_text="The Federal Register's document number, e.g. 2023-23055, for documents its API brought in.",
    )
    authority = models.ForeignKey(
        Authority,
        on_delete=models.PROTECT,
        related_name="regulations",
    )
    published_on = models.DateField()
    effective_on = models.DateField(
        null=True,
        blank=True,
    )
    url = models.URLField(
        max_length=500,
        blank=True,
    )
    summary = models.TextField(
        blank=True,
    )
    chips = models.ManyToManyField(
        ChipSku,
        related_name="regulations",
        blank=True,
    )
    countries = models.ManyToManyField(
        Country,
        related_name="regulations",
        blank=True,
    )
    country_groups = models.ManyToManyField(
        CountryGroup,
        related_name="regulations",
        blank=True,
        help_text="Groups whose members the rule covers, as the memberships stand on each day.",
    )
    companies = models.ManyToManyField(
        Company,
        related_name="regulations",
        blank=True,
        help_text="For letters: the companies informed.",
    )
    lifts = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="lifted_by",
        null=True,
        blank=True,
        help_text="The rule or letter this one rescinds or suspends; from its effective date that one no longer "
        "requires a licence.",
    )

    class Meta:
        ordering = ["-published_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["document_number"],
                condition=~models.Q(document_number=""),
                name="%(app_label)s_%(class)s_unique_document_number",
            ),
        ]

    def __str__(self):
        return self.title
