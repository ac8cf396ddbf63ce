"""What the execution routes get injected."""

from typing import Annotated

from fastapi import Depends, Request

from pairpad.execution.service import CodeExecution


def get_execution(request: Request) -> CodeExecution:
    execution: CodeExecution = request.app.state.execution
    return execution


ExecutionDep = Annotated[CodeExecution, Depends(get_execution)]
