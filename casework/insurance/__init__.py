"""Insurance enrolment (参保): the enrolments, the gap list and their spreadsheets."""
