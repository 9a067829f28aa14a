"""Mail to many: a message written in each language, sent to a filtered set of participants as a job, each
message logged."""
