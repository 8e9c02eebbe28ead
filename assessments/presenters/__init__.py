"""What the assessment pages show: view-models built from selectors' data and
forms, for the templates. No HTTP here and no writes; the views call these."""
