import OnePoolCLI
OnePoolCommand.main(NegativeNumbers.protect(Array(CommandLine.arguments.dropFirst())))
