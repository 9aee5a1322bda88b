"""The household's assistance cases on its page (a ledgers page): the template
casework/includes/household_cases.html reads them through the reverse relation, registered
through ledgers' extension point, so ledgers names nothing of casework."""

from ledgers.extensions import HOUSEHOLD_SECTIONS

HOUSEHOLD_SECTIONS.append(
    ("casework.view_assistancecase", "casework/includes/household_cases.html")
)
