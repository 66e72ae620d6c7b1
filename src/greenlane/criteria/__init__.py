"""The security criteria a partner must meet and the security profile in which it says how it meets them: a
versioned catalogue of "must" and "should" criteria grouped into focus areas and categories, each applying to
some entity types, and the profile rules (what may be answered, what blocks certification, what the gap report
shows, when the profile must be renewed, how it moves to a newer catalogue)."""
