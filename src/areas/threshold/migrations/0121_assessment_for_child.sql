-- 0121_assessment_for_child.sql — a levels-of-need assessment made for a known child, from where the
-- journey started. The IDVA working an Operation Provide referral raises a
-- request for support for a child of the victim's household: the tool is
-- used with the child carried along, and the request form takes the child
-- from the assessment (no retyping), naming the referral as the source.
-- Both NULL for the tool used on its own (the child is named on the form).
ALTER TABLE threshold_assessments ADD COLUMN child_id INTEGER REFERENCES children(id);
ALTER TABLE threshold_assessments ADD COLUMN source_referral_id INTEGER REFERENCES idva_referrals(id);
