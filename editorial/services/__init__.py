"""Use cases: each public function is one unit of work that commits or rolls back as a whole and
writes its audit event. Services raise the errors in `errors`; views translate them to HTTP."""
