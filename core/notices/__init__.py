"""Notices that reach people: a bell, an inbox, and the rules that write them.

Apps register their rules (`registry.register`) from their `reminders.py`; `manage.py
send_reminders` runs them (a timer every hour, deploy/systemd/tongxin-reminders.timer).
"""
