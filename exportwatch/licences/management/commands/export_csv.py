"""manage.py export_csv evidence|status_changes [--output FILE] [--chip …] [--country …] [--company …] [--status …]

The CSVs of DESIGN.md's contract, streamed: memory stays flat however many rows there are.
"""

import os
import sys

from django.core.management.base import BaseCommand, CommandError

from exportwatch.catalog.models import ChipSku, Company, Country
from exportwatch.licences.exports import evidence_csv, status_changes_csv
from exportwatch.licences.models import Status, StatusChange

EXPORTS = {
    "evidence": evidence_csv,
    "status_changes": status_changes_csv,
}


class Command(BaseCommand):
    help = (
        "Write the evidence CSV (one row per status change and source item) or the timeline CSV "
        "(one row per status change) to stdout or a file, streaming."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", choices=EXPORTS)
        parser.add_argument("--output", "-o", metavar="FILE", help="Write here instead of stdout.")
        parser.add_argument("--chip", metavar="SLUG")
        parser.add_argument("--country", metavar="CODE", help="ISO 3166-1 alpha-2 destination, e.g. CN.")
        parser.add_argument("--company", metavar="SLUG")
        parser.add_argument("--status", choices=Status.values)

    def handle(self, *args, export, output, chip, country, company, status, **options):
        lines = EXPORTS[export](self._status_changes(chip, country, company, status))
        if output:
            with open(output, "w", encoding="utf-8", newline="") as file:
                file.writelines(lines)
        else:
            try:
                for line in lines:
                    self.stdout.write(line, ending="")
                self.stdout.flush()
            except BrokenPipeError:
                # The reader (`| head`) has seen enough: stop quietly, as Unix tools do, and let exit not flush again.
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())

    def _status_changes(self, chip, country, company, status):
        status_changes = StatusChange.objects.all()
        # A mistyped name is an error, not an empty file that looks like "no events".
        if chip:
            self._require(ChipSku.objects.filter(slug=chip), f"no chip with slug {chip!r}")
            status_changes = status_changes.for_chip(chip)
        if country:
            self._require(Country.objects.filter(code=country.upper()), f"no country with code {country!r}")
            status_changes = status_changes.for_country(country)
        if company:
            self._require(Company.objects.filter(slug=company), f"no company with slug {company!r}")
            status_changes = status_changes.for_company(company)
        if status:
            status_changes = status_changes.filter(status=status)
        return status_changes

    @staticmethod
    def _require(matches, message):
        if not matches.exists():
            raise CommandError(message)
