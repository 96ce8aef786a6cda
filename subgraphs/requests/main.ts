import '../../common/tracing-start';
import 'reflect-metadata';
import { runSubgraph } from '../../common/run-subgraph';
import { requestsSubgraph } from './requests.subgraph';

void runSubgraph(requestsSubgraph);
