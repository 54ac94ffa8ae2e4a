"""manage.py send_alerts [--daily]: what the beat's alert tasks do, in the foreground.

For a deployment without Celery beat (cron instead) and for the embedded demo, which runs no beat. Safe beside
the beat: a step still reaches each user at most once.
"""

from django.core.management.base import BaseCommand

from exportwatch.alerts.models import Frequency
from exportwatch.alerts.tasks import deliver


class Command(BaseCommand):
    help = "Record alerts for new confirmed steps and email the digests that are due."

    def add_arguments(self, parser):
        parser.add_argument("--daily", action="store_true",
                            help="Make the digests of users who want one email a day, as the daily beat task does; "
                                 "without it, those of users who want email as steps come.")

    def handle(self, *args, daily, **options):
        result = deliver(Frequency.DAILY if daily else Frequency.IMMEDIATE)
        self.stdout.write(f"{result['alerts_found']} new alerts, {result['digests_made']} digests made, "
                          f"{result['digests_sent']} sent")
