"""The import batches moved here from the ledgers app; their table keeps its name, so only
Django's record of the model changes (ledgers 0022 lets go)."""

import django.db.models.deletion
import sheets.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('ledgers', '0021_audit_actions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
        migrations.CreateModel(
            name='ImportBatch',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='uploaded at')),
                ('ledger', models.CharField(max_length=40, verbose_name='ledger')),
                ('file', models.FileField(upload_to=sheets.models.upload_path, verbose_name='file')),
                ('file_name', models.CharField(max_length=255, verbose_name='file name')),
                ('sha256', models.CharField(max_length=64, verbose_name='SHA-256')),
                ('status', models.CharField(choices=[('pending', 'Waiting to be checked'), ('validating', 'Checking'), ('invalid', 'Errors found'), ('ready', 'Ready to import'), ('applying', 'Importing'), ('done', 'Imported'), ('failed', 'Could not be read'), ('undone', 'Undone')], default='pending', max_length=12, verbose_name='status')),
                ('total_rows', models.PositiveIntegerField(default=0, verbose_name='rows')),
                ('progress', models.PositiveIntegerField(default=0, verbose_name='rows checked')),
                ('counts', models.JSONField(blank=True, default=dict, verbose_name='counts')),
                ('errors', models.JSONField(blank=True, default=list, verbose_name='errors')),
                ('unknown_columns', models.JSONField(blank=True, default=list, verbose_name='unknown columns')),
                ('preview', models.JSONField(blank=True, default=dict, verbose_name='preview')),
                ('created_ids', models.JSONField(blank=True, default=list)),
                ('created_rows', models.JSONField(blank=True, default=list)),
                ('updated_ids', models.JSONField(blank=True, default=list)),
                ('message', models.TextField(blank=True, verbose_name='message')),
                ('heartbeat_at', models.DateTimeField(blank=True, null=True, verbose_name='last sign of life')),
                ('stopped_while', models.CharField(blank=True, choices=[('pending', 'Waiting to be checked'), ('validating', 'Checking'), ('invalid', 'Errors found'), ('ready', 'Ready to import'), ('applying', 'Importing'), ('done', 'Imported'), ('failed', 'Could not be read'), ('undone', 'Undone')], max_length=12, verbose_name='stopped while')),
                ('applied_at', models.DateTimeField(blank=True, null=True, verbose_name='imported at')),
                ('undone_at', models.DateTimeField(blank=True, null=True, verbose_name='undone at')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'import',
                'verbose_name_plural': 'imports',
                'db_table': 'ledgers_importbatch',
                'ordering': ['-created_at', '-pk'],
                'indexes': [models.Index(fields=['user', 'ledger', '-created_at'], name='ledgers_import_user')],
            },
        ),
            ]),
    ]
