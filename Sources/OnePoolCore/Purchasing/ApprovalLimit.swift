extension PurchasingState {
    /// Whether `approver` may approve a purchase order worth `value`: nil if so, else why not.
    /// The journal's check and the console's queue (which marks what is over the limit before
    /// anyone confirms) both ask here.
    public func approvalRefusal(of value: Money, by approver: UserName) -> Refusal? {
        guard let limit = approvers[approver] else { return .notAnApprover(approver) }
        return value <= limit ? nil : .overApprovalLimit(approver, limit: limit, value: value)
    }
}
