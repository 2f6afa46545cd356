"""Process templates (quy trình nội bộ): the ordered steps a dossier of a procedure goes through."""
