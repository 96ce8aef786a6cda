import '../../common/tracing-start';
import 'reflect-metadata';
import { runSubgraph } from '../../common/run-subgraph';
import { billingSubgraph } from './billing.subgraph';

void runSubgraph(billingSubgraph);
