import OnePoolCLI

EntryPoint.main(Array(CommandLine.arguments.dropFirst()))
