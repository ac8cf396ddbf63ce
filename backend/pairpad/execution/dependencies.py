"""What the execution routes get injected."""

from typing import Annotated

from fastapi import Depends, Request

from pairpad.execution.service import CodeExecution


def get_execution(request: Request) -> CodeExecution:
    execution: CodeExecution = request.app.state.execution
    return execution


ExecutionDep = Annotated[CodeExecution, Depends(get_execution)]


def client_address(request: Request) -> str:
    """The address runs are counted and queued by (the proxy's client, see forwarded_allow_ips)."""
    return request.client.host if request.client else "unknown"


ClientAddressDep = Annotated[str, Depends(client_address)]
