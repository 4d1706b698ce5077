-- 0111_support_by_child.sql — a child's chronology finds the requests for
-- support (and the levels-of-need decisions behind them) by the child.
CREATE INDEX support_requests_by_child ON support_requests (child_id);
