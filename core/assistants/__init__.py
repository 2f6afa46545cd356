"""Volunteer assistants (người hỗ trợ) who file dossiers for citizens with their consent."""
