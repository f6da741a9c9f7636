import OnePoolConsole
import Testing

@Suite struct KeyMapTests {
    @Test func noKeyIsBoundTwiceInAScope() {
        for scope in KeyScope.allCases {
            let keys = KeyMap.standard.bindings[scope, default: []].map(\.key)
            #expect(Set(keys).count == keys.count, "a key is bound twice in \(scope)")
        }
    }

    /// A scope may hide a key of an outer scope only on purpose: every such overlap, in every
    /// scope a key passes through (the approvals scope rebinds Space and Escape), is listed here,
    /// so a new binding that hides another fails this test until it is added deliberately.
    static let intendedOverlaps: Set<String> = [
        "queue: Space (toggle-select) hides list's page-down"
    ]

    @Test func noInnerBindingIsShadowedUnintentionallyInTheScopesAKeyPassesThrough() {
        let map = KeyMap.standard
        var found: Set<String> = []
        for scope in KeyScope.allCases {
            var seen: [Key: (KeyScope, Command)] = [:]
            for layer in KeyMap.scopes(innermost: scope) {
                for binding in map.bindings[layer, default: []] {
                    if let (earlier, command) = seen[binding.key], earlier != layer {
                        found.insert(
                            "\(earlier): \(binding.key) (\(command.rawValue)) hides \(layer)'s \(binding.command.rawValue)"
                        )
                    } else if seen[binding.key] == nil {
                        seen[binding.key] = (layer, binding.command)
                    }
                }
            }
        }
        let unexpected = found.subtracting(Self.intendedOverlaps)
        #expect(unexpected.isEmpty, "\(unexpected.sorted())")
        #expect(
            found.contains("queue: Space (toggle-select) hides list's page-down"),
            "the test no longer sees the approvals scope")
    }

    @Test func everyCommandHasHelpAndABinding() {
        let bound = Set(KeyMap.standard.bindings.values.flatMap { $0.map(\.command) })
        for command in Command.allCases {
            #expect(!command.help.isEmpty)
            #expect(bound.contains(command), "\(command) has no key")
        }
    }

    @Test func textEntryScopesKeepPrintableKeysForTyping() {
        for scope in [KeyScope.lookup, .form, .filter, .always] {
            for binding in KeyMap.standard.bindings[scope, default: []] {
                #expect(
                    binding.key.typedCharacter == nil, "\(binding.key) is bound in \(scope) but is typed text there")
            }
        }
    }

    /// `?` says what a key does where it is bound: y in the quit question quits, it does not
    /// "apply the change shown"; every scope's every command is described.
    @Test func helpSaysWhatAKeyDoesInItsPlace() {
        let map = KeyMap.standard
        #expect(map.help(for: .confirm, in: .quit).contains("quit OnePool"))
        #expect(map.help(for: .cancel, in: .quit).contains("go back"))
        #expect(map.help(for: .confirm, in: .confirm).contains("apply"))
        #expect(map.help(for: .cancel, in: .form) == Command.cancel.help)
        for scope in KeyScope.allCases {
            for (command, _) in map.keys(in: scope) {
                #expect(!map.help(for: command, in: scope).isEmpty, "\(command) in \(scope) has no help")
            }
        }
    }
}
