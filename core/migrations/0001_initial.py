"""The audit log, its chain head and the password states moved here from the ledgers app; their
tables keep their names, so only Django's record of the models changes (ledgers 0022 lets go)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('ledgers', '0021_audit_actions'),
        ('auth', '0012_alter_user_first_name_max_length'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
        migrations.CreateModel(
            name='AuditChainHead',
            fields=[
                ('id', models.PositiveSmallIntegerField(default=1, editable=False, primary_key=True, serialize=False)),
                ('last_id', models.BigIntegerField(blank=True, null=True, verbose_name='newest entry')),
                ('last_hash', models.CharField(blank=True, max_length=64, verbose_name="newest entry's hash")),
                ('purging', models.BooleanField(default=False, verbose_name='purging')),
            ],
            options={
                'verbose_name': 'audit chain head',
                'verbose_name_plural': 'audit chain heads',
                'db_table': 'ledgers_auditchainhead',
            },
        ),
        migrations.CreateModel(
            name='Credential',
            fields=[
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='credential', serialize=False, to=settings.AUTH_USER_MODEL, verbose_name='user')),
                ('must_change_password', models.BooleanField(default=False, verbose_name='must change password')),
                ('password_changed_at', models.DateTimeField(blank=True, null=True, verbose_name='password changed at')),
            ],
            options={
                'verbose_name': 'password state',
                'verbose_name_plural': 'password states',
                'db_table': 'ledgers_credential',
            },
        ),
        migrations.CreateModel(
            name='AuditEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, editable=False, verbose_name='time')),
                ('username', models.CharField(blank=True, max_length=150, verbose_name='user name')),
                ('ip', models.GenericIPAddressField(blank=True, null=True, verbose_name='IP address')),
                ('action', models.CharField(choices=[('login', 'Signed in'), ('login_failed', 'Failed sign-in'), ('logout', 'Signed out'), ('lockout', 'Account locked'), ('export', 'Export'), ('import', 'Import'), ('view_id_number', 'Viewed a full ID number'), ('password_changed', 'Changed their password'), ('password_set', 'Password set by an administrator'), ('account_created', 'Account created'), ('account_changed', 'Account changed'), ('account_activated', 'Account activated'), ('account_deactivated', 'Account deactivated'), ('account_deleted', 'Account deleted'), ('roles_changed', 'Roles changed'), ('permissions_changed', 'Permissions changed'), ('role_defined', 'Role definition changed'), ('assignment_changed', 'Community assignment changed'), ('grant_requested', 'Access requested'), ('grant_approved', 'Access approved'), ('grant_refused', 'Access refused'), ('audit_purged', 'Old audit entries purged')], max_length=20, verbose_name='action')),
                ('outcome', models.CharField(choices=[('success', 'Success'), ('failure', 'Failure')], default='success', max_length=10, verbose_name='outcome')),
                ('target', models.CharField(blank=True, max_length=255, verbose_name='object')),
                ('detail', models.JSONField(blank=True, default=dict, verbose_name='detail')),
                ('previous_hash', models.CharField(blank=True, editable=False, max_length=64, verbose_name="previous entry's hash")),
                ('hash', models.CharField(editable=False, max_length=64, verbose_name='hash')),
                ('user', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'audit event',
                'verbose_name_plural': 'audit events',
                'db_table': 'ledgers_auditevent',
                'ordering': ['-created_at', '-pk'],
                'indexes': [models.Index(fields=['action', '-created_at'], name='ledgers_audit_action_time'), models.Index(fields=['username', '-created_at'], name='ledgers_audit_user_time'), models.Index(fields=['target'], name='ledgers_audit_target', opclasses=['varchar_pattern_ops'])],
            },
        ),
            ]),
    ]
