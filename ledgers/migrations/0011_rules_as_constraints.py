"""Rules of the ledgers' data, held by the database as well as by the forms (STYLE.md: a
broken rule is a message, never a silently wrong row).

Existing rows already obey every one of them, so adding them cannot fail (0009 merged the
repeated changes of ethnicity, the only rule a race could have broken):
- one change of ethnicity per resident: the page refused a second one (see 0009);
- a status other than 在册 has its date: Resident.clean, through the status form, the only
  path that changes a status (imports do not);
- a floating resident leaves on or after arriving: FloatingRecord.clean, through the form and
  the import (which checked it too);
- a religious venue has its religion, other places none: Place.clean and the import.
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('ledgers', '0010_merge_repeated_ethnicity_changes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='ethnicitychange',
            constraint=models.UniqueConstraint(fields=('resident',), name='ledgers_ethnicitychange_once_per_resident', violation_error_message="This person's ethnicity was already changed once; a registered ethnicity changes at most once."),
        ),
        migrations.AddConstraint(
            model_name='floatingrecord',
            constraint=models.CheckConstraint(condition=models.Q(('left_on__isnull', True), ('left_on__gte', models.F('arrived_on')), _connector='OR'), name='ledgers_floatingrecord_left_after_arrival', violation_error_message='The date of leaving is before the arrival.'),
        ),
        migrations.AddConstraint(
            model_name='place',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'religious'), ('religion__gt', '')), models.Q(models.Q(('kind', 'religious'), _negated=True), ('religion', '')), _connector='OR'), name='ledgers_place_religion_only_for_venues', violation_error_message='A religious venue has its religion; no other place has one.'),
        ),
        migrations.AddConstraint(
            model_name='resident',
            constraint=models.CheckConstraint(condition=models.Q(('status', 'active'), ('status_date__isnull', False), _connector='OR'), name='ledgers_resident_status_date_unless_active', violation_error_message='Give the date of this change of status.'),
        ),
    ]
