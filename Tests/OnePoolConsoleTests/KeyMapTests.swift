import OnePoolConsole
import Testing

@Suite struct KeyMapTests {
    @Test func noKeyIsBoundTwiceInAScope() {
        for scope in KeyScope.allCases {
            let keys = KeyMap.standard.bindings[scope, default: []].map(\.key)
            #expect(Set(keys).count == keys.count, "a key is bound twice in \(scope)")
        }
    }

    @Test func noInnerBindingIsShadowedUnintentionallyInTheScopesAKeyPassesThrough() {
        // A pane scope may override a global key only on purpose; list what overlaps so a new
        // binding that hides another shows up here.
        let map = KeyMap.standard
        for scope in [KeyScope.stock, .alerts, .activity] {
            let chain = KeyMap.scopes(innermost: scope)
            var seen: [Key: KeyScope] = [:]
            for layer in chain {
                for binding in map.bindings[layer, default: []] {
                    if let earlier = seen[binding.key] {
                        #expect(earlier == .stock && binding.key == .escape, "\(binding.key) in \(layer) is hidden by \(earlier)")
                    }
                    seen[binding.key] = seen[binding.key] ?? layer
                }
            }
        }
    }

    @Test func everyCommandHasHelpAndABinding() {
        let bound = Set(KeyMap.standard.bindings.values.flatMap { $0.map(\.command) })
        for command in Command.allCases {
            #expect(!command.help.isEmpty)
            #expect(bound.contains(command), "\(command) has no key")
        }
    }

    @Test func textEntryScopesKeepPrintableKeysForTyping() {
        for scope in [KeyScope.lookup, .form] {
            for binding in KeyMap.standard.bindings[scope, default: []] {
                #expect(binding.key.typedCharacter == nil, "\(binding.key) is bound in \(scope) but is typed text there")
            }
        }
    }
}
